window.YTD.block.part0 = [ { "blocking" : { "accountId" : "1", "userLink" : "https://twitter.com/intent/user?user_id=1" } } ]
