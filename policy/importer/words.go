package importer

import (
	"strings"
	"sync"
)

// commonWordList holds frequent English words and the vocabulary of therapy
// policies. It only decides whether a fragment left by PDF extraction is a
// word by itself, so it needs the short, frequent words most of all.
const commonWordList = `
a about above across after again against all also although always am among an and any
anyone anything are as ask at available away back based be because been before being
below best between both but by call can cannot care case cell change changes client
clients come communicate communication concern confidential confidentiality consent
contact could counseling counselor crisis current date day did discuss do does doing
done down during each either else email end even ever every example except facebook
feel few file find first for form former found free friend friends from further get
give given go good google had has have having he her here him his how however i if
important in information instagram internet into is it its just keep know last later
legal less like line linkedin made make many may me media medical meet message might
mind more most much must my need never new next no not note now number of off office
on once one online only or other our out over own part people person personal phone
place please policy possible practice privacy private professional provide public
questions read reason record related relationship request requests respond response
review right safe same search secure see send session sessions set share she should
since site sites so social some someone something such take text than thank that the
their them themselves then there these they thing things this those though through
time times to together too treatment twitter under understand until up update us use
used using very via wall want was way ways we web website well were what when where
whether which while who whom why will wish with within without work would year years
yes you your yours yourself
about act add age ago aid air arm art bad bag bar bed big bit box boy buy car cut dog
due ear eat egg eye fan far fit fix fly fun gas god guy hat hot ice ill job key kid
law lay led leg let lie lot low man mix net nor odd oil old pay per pet put raw red
rid run sad saw say sea sit six sky son sum sun tax ten tie tip top toy try two war
win yet
also area away body book case city door face fact fast fear fine full girl hand hard
head hear help high hold home hope hour idea kind land late lead left life link list
live long look lose love main mean mind move name near note open page pain past plan
play post rate real rest role room rule sale save self show side sign size sort step
stop sure talk team tell term test told tone true turn type unit view vote wait walk
week wide wife word yard zone
therapist therapists therapy counselor counselors counseling psychologist psychotherapy client
schedule appointment appointments session confidential confidentiality privacy professional
relationship network networking messaging texting search engine engines review reviews
testimonial testimonials record records document discuss friend accept decline follow
website online internet psychology treatment communicate secure emergency respond response
administrative clinical information interaction situation connection location service notify
writing acknowledge signature understand between outside welcome expectation encounter
accident accidentally remove cancel invitation request platform account profile comment
reply business matter matters practice office portal billing
`

// commonWords is built once and only read afterwards.
var commonWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(commonWordList) {
		m[w] = true
	}
	return m
})
